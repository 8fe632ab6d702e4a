import type { Me } from '@kefu/contracts';
import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { AxiosError } from 'axios';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { http } from '../../../app/http';
import i18n from '../../../app/i18n';
import { AppProviders } from '../../../app/providers';
import { CurrentUserContext } from '../../auth/currentUser';
import { KnowledgeEditor } from './KnowledgeEditor';

const ME: Me = { id: 'u1', username: 'shop', role: 'tenant_admin', tenantId: '5b0d8c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f' };

function respond(handler: (config: InternalAxiosRequestConfig) => { status: number; data?: unknown }): AxiosAdapter {
  return async (config) => {
    const { status, data } = handler(config);
    const response: AxiosResponse = { status, statusText: '', data, headers: {}, config };
    if (status >= 400) throw new AxiosError('failed', 'ERR_BAD_RESPONSE', config, undefined, response);
    return response;
  };
}

function renderEditor(onClose = vi.fn()) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <AppProviders queryClient={queryClient}>
      <CurrentUserContext.Provider value={ME}>
        <KnowledgeEditor item={null} onClose={onClose} />
      </CurrentUserContext.Provider>
    </AppProviders>,
  );
  return onClose;
}

describe('KnowledgeEditor', () => {
  const originalAdapter = http.defaults.adapter;
  const posted: unknown[] = [];

  beforeEach(async () => {
    posted.length = 0;
    await i18n.changeLanguage('zh-CN');
  });

  afterEach(() => {
    http.defaults.adapter = originalAdapter;
  });

  it('previews a text with the sample customer filled in', async () => {
    http.defaults.adapter = respond(() => ({ status: 200, data: [] }));
    renderEditor();

    fireEvent.change(screen.getByLabelText('内容'), { target: { value: '您好 [name]，编号 [id]{br}再见' } });

    await waitFor(() => expect(screen.getByTestId('preview-text').textContent).toBe('您好 张三，编号 12\n再见'));
  });

  it('puts a taken keyword on the keyword field', async () => {
    http.defaults.adapter = respond((config) => {
      if (config.method === 'post') {
        posted.push(JSON.parse(config.data as string));
        return {
          status: 409,
          data: { statusCode: 409, error: 'Conflict', message: 'Keyword "hello" is already used by item 2 "问候"' },
        };
      }
      return { status: 200, data: [] };
    });
    const onClose = renderEditor();

    fireEvent.change(document.querySelector('#keyword')!, { target: { value: 'hello' } });
    fireEvent.change(screen.getByLabelText('内容'), { target: { value: 'Hi [name]' } });
    fireEvent.click(screen.getByTestId('knowledge-save'));

    expect(await screen.findByText('关键字「hello」已被条目「问候」使用')).toBeTruthy();
    expect(posted).toEqual([expect.objectContaining({ keyword: 'hello', type: 'text', content: 'Hi [name]' })]);
    expect(onClose).not.toHaveBeenCalled();
  });
});
