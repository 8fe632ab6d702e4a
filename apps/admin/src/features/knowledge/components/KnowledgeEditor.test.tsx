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

  it('F3 uploads a picture, previews it and shows its media id on each channel', async () => {
    const asset = {
      id: '0d9a7c64-3a51-4b8e-9d0f-2e6b1c7a8f90',
      kind: 'image',
      contentType: 'image/png',
      filename: '菜单.png',
      size: 2048,
      sha256: 'a'.repeat(64),
      sourceUrl: null,
      createdAt: new Date().toISOString(),
      usedBy: [],
      channels: [
        { channelId: 'c1', channelName: '小程序', status: 'uploaded', uploadedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 60 * 3600_000).toISOString(), error: null },
        { channelId: 'c2', channelName: '公众号', status: 'failed', uploadedAt: null, expiresAt: null, error: 'WeChat answered 45009: reach max api daily quota limit' },
        { channelId: 'c3', channelName: '新渠道', status: 'missing', uploadedAt: null, expiresAt: null, error: null },
      ],
    };
    const uploads: string[] = [];
    http.defaults.adapter = respond((config) => {
      const url = config.url ?? '';
      if (config.method === 'post' && url.endsWith('/media')) {
        uploads.push(((config.data as FormData).get('file') as File).name);
        return { status: 201, data: asset };
      }
      if (url.endsWith(`/media/${asset.id}/file`)) return { status: 200, data: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }) };
      if (url.endsWith(`/media/${asset.id}`)) return { status: 200, data: asset };
      if (config.method === 'post') {
        posted.push(JSON.parse(config.data as string));
        return { status: 201, data: { ...JSON.parse(config.data as string), number: 4 } };
      }
      return { status: 200, data: [] };
    });
    renderEditor();

    fireEvent.click(screen.getByRole('radio', { name: /图片/ }));
    fireEvent.change(document.querySelector('#keyword')!, { target: { value: '菜单' } });
    const input = (await screen.findByTestId('media-upload-image')).querySelector('input[type=file]')!;
    fireEvent.change(input, { target: { files: [new File([new Uint8Array(2048)], '菜单.png', { type: 'image/png' })] } });

    const states = await screen.findByTestId('media-states');
    expect(states.textContent).toContain('小程序已上传 · 2天后过期');
    expect(states.textContent).toContain('公众号上传失败WeChat answered 45009');
    expect(states.textContent).toContain('新渠道未上传');
    expect(uploads).toEqual(['菜单.png']);
    await waitFor(() => expect(document.querySelector<HTMLImageElement>('.kb-phone__image')?.src).toMatch(/^data:image\/png;base64,/));

    fireEvent.click(screen.getByTestId('knowledge-save'));
    await waitFor(() => expect(posted).toEqual([expect.objectContaining({ type: 'image', mediaAssetId: asset.id, pictureUrl: null })]));
  });

  it('F3 refuses a picture over WeChat’s 2 MB before uploading it', async () => {
    const requests: string[] = [];
    http.defaults.adapter = respond((config) => {
      requests.push(`${config.method} ${config.url}`);
      return { status: 200, data: [] };
    });
    renderEditor();
    fireEvent.click(screen.getByRole('radio', { name: /图片/ }));
    const input = (await screen.findByTestId('media-upload-image')).querySelector('input[type=file]')!;
    fireEvent.change(input, { target: { files: [new File([new Uint8Array(2 * 1024 * 1024 + 1)], '大图.jpg', { type: 'image/jpeg' })] } });
    expect(await screen.findByText('大图.jpg 有 2 MB，微信的图片最大 2 MB，请压缩后再上传')).toBeTruthy();
    expect(requests.filter((request) => request.includes('/media'))).toEqual([]);
  });
});
