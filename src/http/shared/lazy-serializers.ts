import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'

type BuildSerializer = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']
>

// Every route carries response schemas, one per documented status (AMPnet's error statuses admit
// several body shapes, each compiled with its own checks). Fastify compiles them all before it
// listens, though most error statuses are never sent: idle memory paid for nothing. Each serializer
// is compiled the first time its status is sent instead, by the same compiler, to the same bytes.
const eager = SerializerSelector()

export const lazySerializers: BuildSerializer = (externalSchemas, options) => {
  const compile = eager(externalSchemas, options)
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined
    return (data) => {
      serialize ??= compile(route)
      return serialize(data)
    }
  }
}
