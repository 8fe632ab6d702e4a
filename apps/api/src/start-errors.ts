import { ConfigError } from './config';
import { StartupError } from './database/preflight';

/** A problem the operator must fix is one line on stderr; anything else keeps its stack. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    const { address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
    process.stderr.write(`Address ${address}:${port} is already in use: stop what listens there or set PORT.\n`);
  } else {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
}
