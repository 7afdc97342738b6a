// Request logging: one info line per completed request (with its method, redacted URL, status and time);
// the "incoming request" line moves to debug. Half Fastify's default logging cost on the hot path.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class RequestLogging extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    const context = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...context, err: error }, 'request errored');
    else reply.log.info(context, 'request completed');
  }
}
