// Run once by cms.sh against a fresh Ghost (never set up): creates the owner
// user, signs in, adds a second staff user (an Author, so tests can map a
// byline that is not the owner), creates an integration and writes its Admin
// API key (`id:secret`) with the other throwaway credentials as JSON to OUT.
// Usage: node setup.mjs URL OUT.json GHOST_DB GHOST_APP_DIR
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const [url, out, db, app] = process.argv.slice(2)
if (!url || !out || !db || !app) {
  console.error('usage: node setup.mjs URL OUT.json GHOST_DB GHOST_APP_DIR')
  process.exit(2)
}
const api = `${url}/ghost/api/admin`
const origin = new URL(url).origin
const email = 'owner@example.org'
const password = randomBytes(18).toString('base64url')

async function call (method, path, body, cookie) {
  const headers = { 'Content-Type': 'application/json', Origin: origin, 'Accept-Version': 'v6.0' }
  if (cookie) headers.Cookie = cookie
  const res = await fetch(`${api}${path}`, { method, headers, body: body && JSON.stringify(body) })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 500)}`)
  // POST /session/ answers 201 with the plain text "Created".
  const json = (res.headers.get('content-type') || '').includes('json') ? JSON.parse(text) : null
  return { res, json }
}

await call('POST', '/authentication/setup/', {
  setup: [{ name: 'Copydesk Owner', email, password, blogTitle: 'Copydesk Test Desk' }]
})
const session = await call('POST', '/session/', { username: email, password })
const cookie = (session.res.headers.getSetCookie() || []).map((c) => c.split(';')[0]).join('; ')
if (!cookie) throw new Error('POST /session/ set no cookie')

// Staff users join only by invitation. The invite's token goes out by mail
// (stubbed here), so it is read from the database, URL-safe base64 encoded
// as in the mailed link, and accepted.
const roles = await call('GET', '/roles/?permissions=assign', null, cookie)
const author = roles.json.roles.find((r) => r.name === 'Author')
if (!author) throw new Error('no assignable Author role')
const authorEmail = 'lena.ortiz@example.org'
await call('POST', '/invites/', { invites: [{ email: authorEmail, role_id: author.id }] }, cookie)
const Database = createRequire(join(app, 'package.json'))('better-sqlite3')
const row = new Database(db, { readonly: true }).prepare('SELECT token FROM invites WHERE email = ?').get(authorEmail)
if (!row) throw new Error(`no invite for ${authorEmail} in ${db}`)
const token = row.token.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
await call('POST', '/authentication/invitation/', {
  invitation: [{ token, email: authorEmail, name: 'Lena Ortiz', password: randomBytes(18).toString('base64url') }]
})

const made = await call('POST', '/integrations/?include=api_keys', {
  integrations: [{ name: 'Copydesk tests' }]
}, cookie)
const key = made.json.integrations[0].api_keys.find((k) => k.type === 'admin')
if (!key) throw new Error('the new integration has no admin API key')
// The admin key's `secret` in this answer is already the whole key `id:secret`
// (the content key's is the bare secret).
const adminKey = key.secret.includes(':') ? key.secret : `${key.id}:${key.secret}`
writeFileSync(out, JSON.stringify({
  admin_key: adminKey,
  owner_email: email,
  owner_password: password
}) + '\n', { mode: 0o600 })
console.error('ghost setup: owner, integration and Admin API key made')
