/**
 * `npm run bench`: every benchmark, each writing JSON + Markdown to bench/results/.
 *   npm run bench -- [--quick] [--only gemm,channels,probe,hyperrnn]
 */
import { runChannelBench } from './channels.js';
import { runGemmBench } from './gemm.js';
import { benchHyperrnn } from './hyperrnn.js';
import { benchJhpf } from './jhpf.js';
import { runMlpBench } from './mlp.js';
import { benchProbe } from './probe.js';
import { runProfileBench } from './profile.js';
import { benchUpganet } from './upganet.js';

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : null;
const want = (name: string) => !only || only.has(name);

if (want('gemm')) await runGemmBench({ quick });
if (want('channels')) await runChannelBench({ count: quick ? 10_000 : 100_000 });
if (want('mlp')) await runMlpBench({ quick });
if (want('jhpf')) await benchJhpf({ quick });
if (want('upganet')) await benchUpganet({ quick });
if (want('probe')) await benchProbe({ quick });
if (want('hyperrnn')) await benchHyperrnn({ quick });
if (want('profile')) await runProfileBench({ quick });
