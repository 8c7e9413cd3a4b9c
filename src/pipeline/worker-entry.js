// Worker threads start here: TypeScript through tsx, then the worker proper.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
