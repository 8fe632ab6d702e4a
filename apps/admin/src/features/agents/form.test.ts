import type { Agent } from '@kefu/contracts';
import { describe, expect, it } from 'vitest';
import { toCreateRequest, toFormValues, toUpdateRequest } from './form';

const agent: Agent = {
  id: 'a1',
  tenantId: 't1',
  nickname: '客服小张',
  openid: 'opy0C0aTS3vygwC_3xslIYqLRGQ',
  isAdmin: false,
  status: 'idle',
  active: true,
  bindingCode: null,
  bindingCodeExpiresAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('agent form → request', () => {
  it('leaves an empty openid out, so a binding code is issued', () => {
    expect(toCreateRequest({ nickname: ' 小李 ', openid: '  ', isAdmin: false })).toEqual({ nickname: '小李', isAdmin: false });
    expect(toCreateRequest({ nickname: '小李', openid: 'oABCDEF123', isAdmin: true })).toEqual({
      nickname: '小李',
      openid: 'oABCDEF123',
      isAdmin: true,
    });
  });

  it('sends only what changed', () => {
    expect(toUpdateRequest(agent, toFormValues(agent))).toEqual({});
    expect(toUpdateRequest(agent, { ...toFormValues(agent), nickname: '客服小王', status: 'busy' })).toEqual({
      nickname: '客服小王',
      status: 'busy',
    });
  });

  it('unbinds the phone when the openid is cleared', () => {
    expect(toUpdateRequest(agent, { ...toFormValues(agent), openid: '' })).toEqual({ openid: null });
  });
});
