// The load generator's ceiling: node:http answering a constant, no framework, no parsing. Whatever
// rate the generator reaches here bounds every other figure it measures.
import { createServer } from 'node:http'

const body = '{"ok":true}'
createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
  response.end(body)
}).listen(Number(process.argv[2]), '127.0.0.1', () => process.stdout.write('ready\n'))
