// For a route whose body may be left out (`config: { bodyOptional: true }`): no body, or an empty one, is read as `{}`,
// so its schema and handler see one shape.
import type { FastifyRequest } from 'fastify';

export async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}
