import { AppError, validationError } from '../../core/errors.ts'
import { actorOf } from '../shared/authenticate.ts'
import { defineRoute, type ErrorDoc } from '../shared/define-route.ts'
import { missing, securedDoc } from './ideapool.docs.ts'
import { pageParam, requireBody } from './ideapool.params.ts'
import {
  type IdeapoolDeps,
  ideaBody,
  ideaInput,
  ideaListSchema,
  ideaParams,
  ideaSchema,
  noContent,
  pageQuery,
} from './ideapool.wire.ts'

// `/ideas`: the caller's own ideas.

const invalidIdea: ErrorDoc = {
  description: 'Invalid fields',
  examples: [validationError([{ field: 'impact', problem: 'must be less than or equal to 10' }])],
}

const ideaNotFound: ErrorDoc = {
  description: "No such idea of the caller's",
  examples: [new AppError('idea_not_found')],
}

const createIdea = defineRoute({
  method: 'POST',
  path: '/ideas',
  auth: 'required',
  schema: { body: ideaInput, response: { 201: ideaSchema } },
  doc: securedDoc('Create an idea', { 400: missing('content'), 422: invalidIdea }),
  handler: async (request, reply, { core }: IdeapoolDeps) => {
    const idea = await core.tenants.ideas.create(
      actorOf(request).user.id,
      requireBody(ideaInput, request.body),
    )
    return reply.code(201).send(ideaBody(idea))
  },
})

const updateIdea = defineRoute({
  method: 'PUT',
  path: '/ideas/:id',
  auth: 'required',
  schema: { params: ideaParams, body: ideaInput, response: { 200: ideaSchema } },
  doc: securedDoc('Replace an idea', { 400: missing('content'), 404: ideaNotFound, 422: invalidIdea }),
  handler: async (request, _reply, { core }: IdeapoolDeps) => {
    const { id } = request.params as { id: string }
    const idea = await core.tenants.ideas.update(
      actorOf(request).user.id,
      id,
      requireBody(ideaInput, request.body),
    )
    return ideaBody(idea)
  },
})

const deleteIdea = defineRoute({
  method: 'DELETE',
  path: '/ideas/:id',
  auth: 'required',
  schema: { params: ideaParams, response: { 204: noContent('Deleted') } },
  doc: securedDoc('Delete an idea', { 404: ideaNotFound }),
  handler: async (request, reply, { core }: IdeapoolDeps) => {
    const { id } = request.params as { id: string }
    await core.tenants.ideas.remove(actorOf(request).user.id, id)
    return reply.code(204).send()
  },
})

const listIdeas = defineRoute({
  method: 'GET',
  path: '/ideas',
  auth: 'required',
  schema: { querystring: pageQuery, response: { 200: ideaListSchema } },
  doc: securedDoc("The caller's ideas, best average score first, 10 a page", {
    422: {
      description: 'A page that is no whole number from 1',
      examples: [validationError([{ field: 'page', problem: 'must be an integer greater than 0' }])],
    },
  }),
  handler: async (request, _reply, { core }: IdeapoolDeps) => {
    const { page } = request.query as { page?: unknown }
    const ideas = await core.tenants.ideas.listPage(actorOf(request).user.id, pageParam(page))
    return ideas.map(ideaBody)
  },
})

export const ideaRoutes = [createIdea, updateIdea, deleteIdea, listIdeas]
