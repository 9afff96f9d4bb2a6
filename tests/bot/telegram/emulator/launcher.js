// Test-only: start the telegram-test-api Bot API emulator on 127.0.0.1:<port> (argv[2]).
// Prints "ready <port>" once listening; stops on SIGTERM/SIGINT. The pytest fixture drives it.
'use strict';
const TelegramServer = require('telegram-test-api');

async function main() {
  const port = Number(process.argv[2] || 9000);
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 300 });
  // A failing webhook delivery or a malformed client request rejects a promise nobody awaits;
  // Node would end the process, and every later test would fail for an unrelated reason.
  process.on('unhandledRejection', (reason) => {
    console.error(`emulator: unhandled rejection: ${reason}`);
  });
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await server.start();
  console.log(`ready ${port}`);
}

main().catch((error) => {
  console.error(`emulator: ${error}`);
  process.exit(1);
});
