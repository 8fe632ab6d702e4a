import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [child, text] of flatten(value, path)) entries.set(child, text);
  }
  return entries;
}

const variables = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1]).sort();

describe('translations', () => {
  const zh = flatten(zhCN);
  const english = flatten(en);

  it('has every Chinese key in English', () => {
    expect([...zh.keys()].filter((key) => !english.has(key))).toEqual([]);
  });

  it('has every English key in Chinese', () => {
    expect([...english.keys()].filter((key) => !zh.has(key))).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const mismatched = [...zh.entries()]
      .filter(([key, text]) => english.has(key) && variables(text).join() !== variables(english.get(key)!).join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('has no empty texts', () => {
    const empty = [...zh.entries(), ...english.entries()].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });
});
