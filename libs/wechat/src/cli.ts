import { parseArgs } from 'node:util';
import { encryptAndSign, MessageCrypto } from './crypto';
import { handshakeSignature, messageSignature, signaturesEqual } from './signature';
import { writeFields } from './codec/encode-reply';
import { BodyParseError, stringField, type WireRecord } from './codec/fields';
import { parseJsonFields } from './codec/json';
import { parseXmlFields } from './codec/xml';

export interface CliIo {
  readStdin: () => Promise<string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `usage:
  kefu-wechat decrypt --token T --aes-key K --app-id A --timestamp TS --nonce N --msg-signature S  < body
      body: an XML or JSON push carrying Encrypt, or the bare Encrypt string
  kefu-wechat sign --token T --timestamp TS --nonce N [--encrypt E]
      prints the handshake signature, or the msg_signature with --encrypt
  kefu-wechat encrypt --token T --aes-key K --app-id A --timestamp TS --nonce N [--random R16] [--format json|xml]  < plaintext
      prints the secure-mode body, then the query string that signs it
      (one trailing newline of the plaintext is dropped)
`;

class UsageError extends Error {}
class CliFailure extends Error {}

type Options = Record<string, string | undefined>;

const COMMANDS: Record<string, { options: string[]; optional?: string[]; run: (o: Options, io: CliIo) => Promise<void> }> = {
  decrypt: { options: ['token', 'aes-key', 'app-id', 'timestamp', 'nonce', 'msg-signature'], run: decrypt },
  sign: { options: ['token', 'timestamp', 'nonce'], optional: ['encrypt'], run: sign },
  encrypt: { options: ['token', 'aes-key', 'app-id', 'timestamp', 'nonce'], optional: ['random', 'format'], run: encrypt },
};

/** Runs the CLI and returns its exit code: 0 success, 1 failure (one line on stderr), 2 usage. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [name, ...rest] = argv;
    const command = name === undefined ? undefined : COMMANDS[name];
    if (!command) throw new UsageError(name ? `unknown command "${name}"` : 'no command given');
    const names = [...command.options, ...(command.optional ?? [])];
    let values: Options;
    try {
      values = parseArgs({
        args: rest,
        options: Object.fromEntries(names.map((option) => [option, { type: 'string' as const }])),
        strict: true,
        allowPositionals: false,
      }).values as Options;
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const missing = command.options.filter((option) => values[option] === undefined);
    if (missing.length > 0) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
    await command.run(values, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kefu-wechat: ${error.message}\n${USAGE}`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`kefu-wechat: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}

async function decrypt(o: Options, io: CliIo): Promise<void> {
  const encrypt = encryptFieldOf(await io.readStdin());
  if (!signaturesEqual(messageSignature(o.token!, o.timestamp!, o.nonce!, encrypt), o['msg-signature'])) {
    throw new CliFailure('signature mismatch: msg_signature does not match Token, timestamp, nonce and Encrypt');
  }
  const crypto = new MessageCrypto(o['aes-key']!, o['app-id']!);
  const { message, appId } = crypto.open(encrypt);
  const found = appId.toString('utf8');
  if (found !== o['app-id']) {
    throw new CliFailure(`app id mismatch: the message was encrypted for ${JSON.stringify(found)}, not ${JSON.stringify(o['app-id'])}`);
  }
  io.stdout(`${message}\n`);
}

/** The Encrypt value of an XML or JSON body, or the input itself when it is a bare base64 string. */
function encryptFieldOf(input: string): string {
  const text = input.trim();
  let fields: WireRecord | undefined;
  try {
    if (text.startsWith('<')) fields = parseXmlFields(text);
    else if (text.startsWith('{')) fields = parseJsonFields(text);
  } catch (error) {
    if (error instanceof BodyParseError) throw new CliFailure(`unreadable body: ${error.message}`);
    throw error;
  }
  const encrypt = fields ? stringField(fields, 'Encrypt')?.trim() : text;
  if (!encrypt) throw new CliFailure('no Encrypt field in the input');
  return encrypt;
}

async function sign(o: Options, io: CliIo): Promise<void> {
  const signature =
    o.encrypt === undefined
      ? handshakeSignature(o.token!, o.timestamp!, o.nonce!)
      : messageSignature(o.token!, o.timestamp!, o.nonce!, o.encrypt);
  io.stdout(`${signature}\n`);
}

async function encrypt(o: Options, io: CliIo): Promise<void> {
  const plaintext = (await io.readStdin()).replace(/\r?\n$/, '');
  const format = o.format ?? (plaintext.trimStart().startsWith('<') ? 'xml' : 'json');
  if (format !== 'json' && format !== 'xml') throw new UsageError('--format must be json or xml');
  let random: Buffer | undefined;
  if (o.random !== undefined) {
    random = Buffer.from(o.random, 'utf8');
    if (random.length !== 16) throw new UsageError('--random must be 16 ASCII characters');
  }
  const crypto = new MessageCrypto(o['aes-key']!, o['app-id']!);
  const signed = encryptAndSign(crypto, o.token!, plaintext, o.timestamp!, o.nonce!, random);
  const toUserName = toUserNameOf(plaintext);
  const body = writeFields({ ...(toUserName ? { ToUserName: toUserName } : {}), Encrypt: signed.encrypt }, format);
  const query = new URLSearchParams({
    signature: handshakeSignature(o.token!, o.timestamp!, o.nonce!),
    timestamp: o.timestamp!,
    nonce: o.nonce!,
    encrypt_type: 'aes',
    msg_signature: signed.msgSignature,
  });
  io.stdout(`${body}\n${query.toString()}\n`);
}

function toUserNameOf(plaintext: string): string | undefined {
  try {
    const text = plaintext.trim();
    const fields = text.startsWith('<') ? parseXmlFields(text) : text.startsWith('{') ? parseJsonFields(text) : undefined;
    return fields ? stringField(fields, 'ToUserName') : undefined;
  } catch {
    return undefined;
  }
}

function readProcessStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** Entry point of `bin/kefu-wechat.js`. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv, {
    readStdin: readProcessStdin,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
