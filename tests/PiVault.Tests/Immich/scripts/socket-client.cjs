// A real socket.io-client (from deps/node_modules, found through NODE_PATH) for the websocket tests.
// Argument: JSON {url, path, headers, transports, tryAllTransports}. Prints one JSON line per thing that happens:
// {"event": name, "args": [...]} for every server event, and connect / disconnect / connect_error with their details.
// Closes the socket and exits when standard input ends.
const { io } = require('socket.io-client');

const options = JSON.parse(process.argv[2]);
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const socket = io(options.url, {
  path: options.path ?? '/api/socket.io',
  transports: options.transports ?? ['websocket'],
  tryAllTransports: options.tryAllTransports ?? false,
  extraHeaders: options.headers ?? {},
  reconnection: false,
});
socket.on('connect', () => print({ event: 'connect', transport: socket.io.engine.transport.name }));
socket.on('disconnect', (reason) => print({ event: 'disconnect', reason }));
socket.on('connect_error', (error) => print({ event: 'connect_error', message: String(error.message ?? error) }));
socket.onAny((event, ...args) => print({ event, args }));
process.stdin.on('data', () => {});
process.stdin.on('end', () => {
  socket.close();
  process.exit(0);
});
