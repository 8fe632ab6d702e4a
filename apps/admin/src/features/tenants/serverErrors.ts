import type { FormInstance } from 'antd';
import type { ProblemInfo } from '../../app/errors';

export interface FieldError {
  name: string | (string | number)[];
  errors: string[];
}

/**
 * Sorts the api's validation messages ("nickname must be 1 to 32 characters") into the form
 * fields they name; what names no field is left for a message.
 */
export function splitFieldErrors(
  messages: string[],
  fields: Record<string, string | (string | number)[]>,
): { fields: FieldError[]; rest: string[] } {
  const byField = new Map<string, { name: string | (string | number)[]; errors: string[] }>();
  const rest: string[] = [];
  const keys = Object.keys(fields).sort((a, b) => b.length - a.length);
  for (const message of messages) {
    const key = keys.find((candidate) => message === candidate || message.startsWith(`${candidate} `));
    if (!key) {
      rest.push(message);
      continue;
    }
    const entry = byField.get(key) ?? { name: fields[key], errors: [] };
    entry.errors.push(message);
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], rest };
}

/** Puts the server's messages next to their fields; returns the ones that fit no field. */
export function showFieldErrors(
  form: FormInstance,
  problem: ProblemInfo,
  fields: Record<string, string | (string | number)[]>,
): string[] {
  if (problem.status !== 400) return problem.messages;
  const split = splitFieldErrors(problem.messages, fields);
  if (split.fields.length) form.setFields(split.fields);
  return split.rest;
}
