#!/usr/bin/env node
// The agent ships as TypeScript; tsx compiles it on load, so a device needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
