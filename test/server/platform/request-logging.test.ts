import { Writable } from 'node:stream';
import { expect } from 'chai';
import express from 'express';
import { pino } from 'pino';
import supertest from 'supertest';
import { errorHandler } from '@laurel/server/platform/http/error-handler.js';
import { requestLogging } from '@laurel/server/platform/http/request-context.js';

interface LogLine {
  level: number;
  msg: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  err?: { message: string };
  [key: string]: unknown;
}

/** An app with the request logging at `level`, writing log lines into `lines`. */
function appLogging(level: string, lines: LogLine[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text) lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  const app = express();
  app.use(requestLogging(pino({ level }, sink)));
  app.get('/ok', (_req, res) => void res.json({ ok: true }));
  app.get('/note', (req, res) => {
    req.log.info({ note: 'from the handler' }, 'handler line');
    res.json({ ok: true });
  });
  app.get('/missing', (_req, res) => void res.status(404).json({}));
  app.get('/boom', () => {
    throw new Error('kaput');
  });
  app.use(errorHandler);
  return supertest(app);
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('request logging', () => {
  it('logs one line per request with its id, method, url, status and response time', async () => {
    const lines: LogLine[] = [];
    const http = appLogging('info', lines);
    await http.get('/ok?x=1').set('X-Request-Id', 'trace-1').expect(200);
    await settle();
    expect(lines).to.have.length(1);
    const [line] = lines;
    expect(line!.msg).to.equal('request completed');
    expect(line!.level).to.equal(30);
    expect(line!.req).to.deep.equal({ id: 'trace-1', method: 'GET', url: '/ok?x=1' });
    expect(line!.res).to.deep.equal({ statusCode: 200 });
    expect(line!.responseTime).to.be.a('number');
  });

  it("binds the request to the handler's own lines", async () => {
    const lines: LogLine[] = [];
    const http = appLogging('info', lines);
    const res = await http.get('/note').expect(200);
    await settle();
    const handler = lines.find((l) => l.msg === 'handler line');
    expect(handler?.note).to.equal('from the handler');
    expect(handler?.req).to.deep.equal({ id: res.headers['x-request-id'], method: 'GET', url: '/note' });
  });

  it('logs a 4xx at warn and a 5xx at error, with the error the handler logged under the same request id', async () => {
    const lines: LogLine[] = [];
    const http = appLogging('info', lines);
    await http.get('/missing').set('X-Request-Id', 'r-404').expect(404);
    const res = await http.get('/boom').set('X-Request-Id', 'r-500').expect(500);
    await settle();
    expect(res.body.error.details.requestId).to.equal('r-500');
    const missing = lines.filter((l) => l.req?.id === 'r-404');
    expect(missing.map((l) => [l.level, l.msg, l.res?.statusCode])).to.deep.equal([[40, 'request completed', 404]]);
    const boom = lines.filter((l) => l.req?.id === 'r-500');
    expect(boom.map((l) => [l.level, l.msg])).to.deep.equal([
      [50, 'unhandled error'],
      [50, 'request errored'],
    ]);
    expect(boom[0]!.err?.message).to.equal('kaput');
    expect(boom[1]!.res).to.deep.equal({ statusCode: 500 });
  });

  it('writes nothing for requests below the configured level', async () => {
    const lines: LogLine[] = [];
    const http = appLogging('warn', lines);
    await http.get('/ok').expect(200);
    await http.get('/note').expect(200);
    await http.get('/missing').expect(404);
    await settle();
    expect(lines.map((l) => [l.msg, l.res?.statusCode])).to.deep.equal([['request completed', 404]]);
  });
});
