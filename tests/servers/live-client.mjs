#!/usr/bin/env node
// A scripted Yjs client (yjs + y-websocket, as a browser editor would use
// them) that a test drives line by line over stdin/stdout. It edits the root
// Y.Text values `body` and `headline` of one room.
//
//   node tests/servers/live-client.mjs [--url ws://127.0.0.1:PORT] [--name NAME]
//        [--color '#RRGGBB'] [--timeout MS] ROOM
//
// --url defaults to $COPYDESK_TEST_LIVE_URL. Its libraries come from the cache
// that tests/servers/live.sh fills (run `live.sh start` or `live.sh install`).
//
// Once connected and synced it prints `ok ready {"client":ID,"room":ROOM}`
// (or `err ...` and exits 1 after --timeout, default 10000 ms). Then every
// command line gets exactly one answer line: `ok`, `ok JSON` or `err MESSAGE`.
// TEXT arguments are JSON strings ("a \"b\"\n"); FIELD is body or headline;
// positions and lengths count UTF-16 code units, as Yjs does.
//
//   insert FIELD POS TEXT      delete FIELD POS LEN      set FIELD TEXT
//   get FIELD -> ok TEXT        dump -> ok {"body":..,"headline":..}
//   wait FIELD TEXT [MS]       until FIELD equals TEXT (err timeout JSON-dump)
//   user {"name":N,"color":C}  set this client's awareness state `user`
//   peers -> ok [{"client":ID,"user":{..}},..]   (other clients only)
//   waitpeers N [MS]           until at least N other clients show a user
//   status -> ok {"connected":B,"synced":B}      waitsynced [MS]
//   disconnect | connect       drop / resume the connection (offline edits)
//   quit (or end of stdin)     -> ok DUMP, then exit 0
import { createInterface } from 'node:readline'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const cache = process.env.COPYDESK_SERVERS_CACHE ||
  join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'copydesk-test-servers')
const depsFile = join(cache, 'live', 'client-deps.mjs')
if (!existsSync(depsFile)) {
  console.log(`err libraries missing: ${depsFile} (run tests/servers/live.sh install)`)
  process.exit(1)
}
const { Y, WebsocketProvider, WebSocket } = await import(pathToFileURL(depsFile).href)

const FIELDS = ['body', 'headline']
const log = (...args) => console.error('live-client:', ...args)
const reply = (line) => process.stdout.write(line + '\n')

function parseArgs (argv) {
  const opts = { url: process.env.COPYDESK_TEST_LIVE_URL, timeout: 10000 }
  const rest = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`)
      return argv[++i]
    }
    if (a === '--url') opts.url = value()
    else if (a === '--name') opts.name = value()
    else if (a === '--color') opts.color = value()
    else if (a === '--timeout') opts.timeout = Number(value())
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`)
    else rest.push(a)
  }
  if (rest.length !== 1) throw new Error('usage: live-client.mjs [--url URL] [--name N] [--color C] [--timeout MS] ROOM')
  if (!opts.url) throw new Error('no --url and no COPYDESK_TEST_LIVE_URL')
  opts.room = rest[0]
  return opts
}

let opts
try {
  opts = parseArgs(process.argv.slice(2))
} catch (e) {
  reply(`err ${e.message}`)
  process.exit(2)
}

const doc = new Y.Doc()
const provider = new WebsocketProvider(opts.url, opts.room, doc, { WebSocketPolyfill: WebSocket })
provider.on('status', ({ status }) => log(status))
if (opts.name) {
  provider.awareness.setLocalStateField('user', { name: opts.name, color: opts.color || '#30bced' })
}

const dump = () => ({ body: doc.getText('body').toString(), headline: doc.getText('headline').toString() })

function text (field) {
  if (!FIELDS.includes(field)) throw new Error(`unknown field ${JSON.stringify(field)} (body or headline)`)
  return doc.getText(field)
}

function int (s, what) {
  if (!/^\d+$/.test(s || '')) throw new Error(`${what} must be a non-negative integer, got ${JSON.stringify(s)}`)
  return Number(s)
}

function jsonString (s) {
  let v
  try {
    v = JSON.parse(s)
  } catch {
    throw new Error(`expected a JSON string, got ${s}`)
  }
  if (typeof v !== 'string') throw new Error(`expected a JSON string, got ${s}`)
  return v
}

// "TEXT [MS]": the JSON string, then an optional timeout.
function textAndTimeout (s) {
  const m = /^(.*\S)\s+(\d+)$/.exec(s)
  if (m && m[1].endsWith('"')) return [jsonString(m[1]), Number(m[2])]
  return [jsonString(s), 10000]
}

function peers () {
  const out = []
  for (const [client, state] of provider.awareness.getStates()) {
    if (client !== doc.clientID && state.user) out.push({ client, user: state.user })
  }
  return out
}

// Resolve when check() holds, re-checking on every document, awareness or
// connection event; reject after ms.
function waitFor (check, ms, what) {
  return new Promise((resolve, reject) => {
    if (check()) return resolve()
    const done = () => {
      clearTimeout(timer)
      doc.off('update', onEvent)
      provider.awareness.off('change', onEvent)
      provider.off('sync', onEvent)
    }
    const onEvent = () => { if (check()) { done(); resolve() } }
    const timer = setTimeout(() => { done(); reject(new Error(`timeout after ${ms} ms waiting for ${what()}`)) }, ms)
    doc.on('update', onEvent)
    provider.awareness.on('change', onEvent)
    provider.on('sync', onEvent)
  })
}

async function flush () {
  for (let i = 0; i < 100 && provider.ws && provider.ws.bufferedAmount > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function quit () {
  reply(`ok ${JSON.stringify(dump())}`)
  await flush()
  provider.destroy()
  doc.destroy()
  process.exit(0)
}

async function run (line) {
  const m = /^(\S+)\s*(.*)$/.exec(line.trim())
  if (!m) return null
  const [, cmd, args] = m
  const words = args.split(/\s+/)
  switch (cmd) {
    case 'insert': {
      const [field, pos] = words
      const rest = args.replace(/^\S+\s+\S+\s+/, '')
      const t = text(field)
      const at = int(pos, 'position')
      if (at > t.length) throw new Error(`position ${at} is past the end (${t.length})`)
      t.insert(at, jsonString(rest))
      return 'ok'
    }
    case 'delete': {
      const [field, pos, len] = words
      const t = text(field)
      const at = int(pos, 'position')
      const n = int(len, 'length')
      if (at + n > t.length) throw new Error(`range ${at}+${n} is past the end (${t.length})`)
      t.delete(at, n)
      return 'ok'
    }
    case 'set': {
      const [field] = words
      const value = jsonString(args.replace(/^\S+\s+/, ''))
      const t = text(field)
      doc.transact(() => { t.delete(0, t.length); t.insert(0, value) })
      return 'ok'
    }
    case 'get':
      return `ok ${JSON.stringify(text(words[0]).toString())}`
    case 'dump':
      return `ok ${JSON.stringify(dump())}`
    case 'wait': {
      const [field] = words
      const t = text(field)
      const [want, ms] = textAndTimeout(args.replace(/^\S+\s+/, ''))
      await waitFor(() => t.toString() === want, ms, () => `${field} == ${JSON.stringify(want)}; now ${JSON.stringify(dump())}`)
      return 'ok'
    }
    case 'user': {
      let user
      try { user = JSON.parse(args) } catch { throw new Error(`expected a JSON object, got ${args}`) }
      if (typeof user !== 'object' || user === null || typeof user.name !== 'string') throw new Error('user needs {"name": "...", "color": "..."}')
      provider.awareness.setLocalStateField('user', user)
      return 'ok'
    }
    case 'peers':
      return `ok ${JSON.stringify(peers())}`
    case 'waitpeers': {
      const n = int(words[0], 'count')
      const ms = words[1] ? int(words[1], 'timeout') : 10000
      await waitFor(() => peers().length >= n, ms, () => `${n} peers; now ${JSON.stringify(peers())}`)
      return `ok ${JSON.stringify(peers())}`
    }
    case 'status':
      return `ok ${JSON.stringify({ connected: provider.wsconnected, synced: provider.synced })}`
    case 'waitsynced': {
      const ms = words[0] ? int(words[0], 'timeout') : 10000
      await waitFor(() => provider.synced, ms, () => 'sync with the server')
      return 'ok'
    }
    case 'disconnect':
      provider.disconnect()
      return 'ok'
    case 'connect':
      provider.connect()
      return 'ok'
    case 'quit':
      await quit()
      return null
    default:
      throw new Error(`unknown command ${cmd}`)
  }
}

try {
  await waitFor(() => provider.synced, opts.timeout, () => `the first sync with ${opts.url} room ${opts.room}`)
} catch (e) {
  reply(`err ${e.message}`)
  process.exit(1)
}
reply(`ok ready ${JSON.stringify({ client: doc.clientID, room: opts.room })}`)

const lines = createInterface({ input: process.stdin, terminal: false })
for await (const line of lines) {
  if (!line.trim()) continue
  try {
    const answer = await run(line)
    if (answer !== null) reply(answer)
  } catch (e) {
    reply(`err ${e.message.replace(/\n/g, ' ')}`)
  }
}
await quit()
