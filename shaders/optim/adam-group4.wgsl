// Adam / AdamW over up to four parameters per dispatch, one invocation per four float32 words, loaded and stored as
// vec4 (shaders/lib/adam-group-body.wgsl): on lavapipe every storage access is a per-lane load with its own bounds
// check, so a quad per access does the element-wise work of four with a quarter of the accesses.
alias T = vec4<f32>;
//! include lib/adam-group-body.wgsl
