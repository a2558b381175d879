// A tiny HTTP server, run as a child process (the component's HTTP is
// synchronous: a server in the test's own thread would deadlock it). It
// answers every request with the request itself as JSON (method, URL, the
// raw header list), and keeps a log the test reads at GET /__log (not
// logged itself). Usage: node echo-server.mjs [host]; prints "listening PORT".
import { createServer } from 'node:http';

const host = process.argv[2] ?? '127.0.0.1';
const log = [];
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    if (req.url === '/__log') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(log));
      return;
    }
    const headers = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
    const request = { method: req.method, url: req.url, headers, body: Buffer.concat(chunks).toString() };
    log.push(request);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(request));
  });
});
server.listen(0, host, () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
