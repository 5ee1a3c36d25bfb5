#!/usr/bin/env node
// Prints a Ghost Admin API token for an Admin API key `id:secret`
// (argument, or $COPYDESK_GHOST_ADMIN_KEY): a JWT, HS256, header kid = id,
// payload aud "/admin/", iat now, exp in 5 minutes, signed with the secret
// decoded from hex. Use it as `Authorization: Ghost <token>`.
import { createHmac } from 'node:crypto'

const key = process.argv[2] || process.env.COPYDESK_GHOST_ADMIN_KEY || ''
const [id, secret] = key.split(':')
if (!id || !/^[0-9a-f]+$/i.test(secret || '')) {
  console.error('usage: ghost-jwt.mjs ID:HEXSECRET (or set COPYDESK_GHOST_ADMIN_KEY)')
  process.exit(2)
}
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url')
const now = Math.floor(Date.now() / 1000)
const unsigned = `${b64({ alg: 'HS256', typ: 'JWT', kid: id })}.${b64({ iat: now, exp: now + 300, aud: '/admin/' })}`
const signature = createHmac('sha256', Buffer.from(secret, 'hex')).update(unsigned).digest('base64url')
console.log(`${unsigned}.${signature}`)
