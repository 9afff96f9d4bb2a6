// Test-only: start the telegram-test-api Bot API emulator on 127.0.0.1:<port> (argv[2]).
// Prints "ready <port>" once listening; stops on SIGTERM/SIGINT. The pytest fixture drives it.
//
// The emulator has no file methods, so two bot methods and one client method are added
// through its own route table (tests only): a user's document is "uploaded" with
// POST /uploadFile {botToken, fileId, contentBase64}; the bot then sees it through getFile and
// downloads it from /file/bot<token>/documents/<fileId>, as from Telegram.
'use strict';
const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index');

const files = new Map(); // `${token}/${fileId}` -> Buffer

function fileRoutes(app) {
  app.post('/uploadFile', (req, res) => {
    const { botToken, fileId, contentBase64 } = req.body || {};
    if (!botToken || !fileId) {
      res.status(400).json({ ok: false, description: 'botToken and fileId are required' });
      return;
    }
    files.set(`${botToken}/${fileId}`, Buffer.from(contentBase64 || '', 'base64'));
    res.json({ ok: true, result: true });
  });
  app.all('/bot:token/getFile', (req, res) => {
    const fileId = (req.body && req.body.file_id) || req.query.file_id;
    const content = files.get(`${req.params.token}/${fileId}`);
    if (!content) {
      res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
      return;
    }
    res.json({
      ok: true,
      result: {
        file_id: fileId,
        file_unique_id: `u-${fileId}`,
        file_size: content.length,
        file_path: `documents/${fileId}`,
      },
    });
  });
  app.get('/file/bot:token/documents/:fileId', (req, res) => {
    const content = files.get(`${req.params.token}/${req.params.fileId}`);
    if (!content) {
      res.status(404).json({ ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    res.type('application/octet-stream').send(content);
  });
}

async function main() {
  const port = Number(process.argv[2] || 9000);
  routes.unshift(fileRoutes); // before the emulator's "method not supported" catch-all
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
