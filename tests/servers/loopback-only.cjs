// Preloaded into the test servers (node --require): every TCP server they
// open listens on 127.0.0.1, whatever host the server asked for, so nothing
// started by these scripts is reachable from outside the machine. (The
// Playground CLI listens on all interfaces and has no option to change it.)
'use strict'
const net = require('node:net')

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])
const listen = net.Server.prototype.listen

net.Server.prototype.listen = function (...args) {
  const first = args[0]
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    // listen(options[, callback]); a unix socket path or a handle stays as it is
    if (first.path === undefined && first.handle === undefined && first._handle === undefined &&
        first.fd === undefined && !LOOPBACK.has(first.host)) {
      args[0] = { ...first, host: '127.0.0.1' }
    }
  } else if (first === undefined || typeof first === 'function') {
    // listen([callback]): a random port
    args.unshift(0, '127.0.0.1')
  } else if (typeof first === 'number' || /^\d+$/.test(String(first))) {
    // listen(port[, host][, backlog][, callback])
    if (typeof args[1] === 'string') {
      if (!LOOPBACK.has(args[1])) args[1] = '127.0.0.1'
    } else {
      args.splice(1, 0, '127.0.0.1')
    }
  }
  return listen.apply(this, args)
}
