#!/usr/bin/env node
// Runs the TypeScript CLI in this process, with tsx's loader registered, so that `npx phasor ...` works without a
// build step. In-process (no child node): Ctrl-C and kill reach the CLI itself, which exits 130 with a message, and
// killing this process cannot leave a training orphaned.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
