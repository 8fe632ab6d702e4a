/** One field of a push body: strings become CDATA / JSON strings, `number` values are written bare. */
export type PushField = [name: string, value: string | { number: string }];

function cdata(value: string): string {
  // `]]>` cannot appear inside CDATA: close the section and reopen it between `]]` and `>`.
  return `<![CDATA[${value.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** WeChat's XML: `<xml>` root, one element per field, text in CDATA, numbers bare. */
export function encodeXml(fields: PushField[]): string {
  const elements = fields.map(([name, value]) =>
    typeof value === 'string' ? `<${name}>${cdata(value)}</${name}>` : `<${name}>${value.number}</${name}>`,
  );
  return `<xml>${elements.join('')}</xml>`;
}

/**
 * WeChat's JSON: written by hand so 64-bit numbers such as MsgId stay exact bare numbers
 * (JSON.stringify cannot write a number above 2^53 without rounding it). Non-ASCII stays raw UTF-8.
 */
export function encodeJson(fields: PushField[]): string {
  const members = fields.map(
    ([name, value]) => `${JSON.stringify(name)}:${typeof value === 'string' ? JSON.stringify(value) : value.number}`,
  );
  return `{${members.join(',')}}`;
}

export function encodeFields(fields: PushField[], format: 'json' | 'xml'): string {
  return format === 'json' ? encodeJson(fields) : encodeXml(fields);
}
