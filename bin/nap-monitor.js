#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so a checkout needs no build step for the server.
import { register } from 'tsx/esm/api';

// Output piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
