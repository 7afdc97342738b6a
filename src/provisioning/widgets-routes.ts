// /api/v1/widget.json: create, read, update and delete widgets, each owned by a user.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, noPayload, sendEmpty } from './error-responses.js';
import { apiKeyOnlyQuery, widgetCreateBody, widgetQuery, widgetResponse, widgetUpdateBody } from './schemas.js';
import { toWidgetResponse } from './widgets-service.js';

export const widgetsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { widgets } = app.ctx;
  const tags = ['widgets'];

  app.put(
    '/widget.json',
    {
      schema: {
        tags,
        operationId: 'createWidget',
        summary: 'Create a new widget',
        querystring: apiKeyOnlyQuery,
        body: widgetCreateBody,
        response: { 201: widgetResponse.describe('Created: the new widget, with its uuid.'), ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(toWidgetResponse(widgets.create(request.partner, request.body))),
  );

  app.get(
    '/widget.json',
    {
      schema: {
        tags,
        operationId: 'getWidget',
        summary: 'Get widget details',
        querystring: widgetQuery,
        response: { 200: widgetResponse.describe('The widget.'), ...errorResponses },
      },
    },
    async (request) => toWidgetResponse(widgets.get(request.partner, request.query.uuid, request.query.email)),
  );

  app.post(
    '/widget.json',
    {
      schema: {
        tags,
        operationId: 'updateWidget',
        summary: 'Update an existing widget',
        description: 'Fields left out keep their value; `agents` is required and replaces the list.',
        querystring: apiKeyOnlyQuery,
        body: widgetUpdateBody,
        response: { 200: widgetResponse.describe('The widget as updated.'), ...errorResponses },
      },
    },
    async (request) => toWidgetResponse(widgets.update(request.partner, request.body)),
  );

  app.delete(
    '/widget.json',
    {
      schema: {
        tags,
        operationId: 'deleteWidget',
        summary: 'Delete an existing widget',
        querystring: widgetQuery,
        response: { 200: noPayload, ...errorResponses },
      },
    },
    async (request, reply) => {
      widgets.delete(request.partner, request.query.uuid, request.query.email);
      return sendEmpty(reply);
    },
  );
};
