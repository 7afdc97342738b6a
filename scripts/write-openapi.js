// Rewrites openapi/openapi.json from the route schemas (run through `npm run openapi`).
import { writeFileSync } from 'node:fs';
import { formatOpenApi, generateOpenApi } from '../dist/openapi.js';

writeFileSync(new URL('../openapi/openapi.json', import.meta.url), formatOpenApi(await generateOpenApi()));
console.log('wrote openapi/openapi.json');
