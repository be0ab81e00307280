// Adam / AdamW over up to four parameters per dispatch, one invocation per float32 word (shaders/lib/adam-group-body.wgsl).
alias T = f32;
//! include lib/adam-group-body.wgsl
