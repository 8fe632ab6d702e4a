import { describe, expect, it } from 'vitest';
import { splitFieldErrors } from './serverErrors';

describe('splitFieldErrors', () => {
  it('puts each message next to the field it names', () => {
    const result = splitFieldErrors(
      ['nickname must be 1 to 32 characters', 'farewell.text must be 1 to 600 characters', 'something else broke'],
      { nickname: 'nickname', 'farewell.text': 'farewellText', farewell: 'farewellType' },
    );
    expect(result.fields).toEqual([
      { name: 'nickname', errors: ['nickname must be 1 to 32 characters'] },
      { name: 'farewellText', errors: ['farewell.text must be 1 to 600 characters'] },
    ]);
    expect(result.rest).toEqual(['something else broke']);
  });
});
