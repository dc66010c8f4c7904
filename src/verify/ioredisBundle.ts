// Entry point of dist/ioredis.js: the Redis client, bundled on its own and loaded only when verification runs.
// Source files import 'ioredis' dynamically; the build points that import here (see scripts/build.mjs).
import { Redis } from 'ioredis';

export default Redis;
export { Redis };
