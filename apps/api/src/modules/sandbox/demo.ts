import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CreateKnowledgeItemRequest } from '@kefu/contracts';

/** What the sandbox seeds: the shop of the merchant manual, with WeChat played by the simulator. */
export const DEMO = {
  tenantName: '演示店铺',
  username: 'demo',
  /** The development password; elsewhere one is generated and printed once. */
  developmentPassword: 'demo12345',
  seats: 10,
  channel: {
    name: '演示小程序',
    appId: 'wxde30000000000001',
    originalId: 'gh_de3000000001',
  },
  agents: [
    { nickname: '客服小艳', openid: 'o_demo_agent_xiaoyan', isAdmin: true },
    { nickname: '客服小张', openid: 'o_demo_agent_xiaozhang', isAdmin: false },
  ],
  /** The customer already in the chat when the demo is first seeded. */
  firstCustomer: '张三',
  farewell: '感谢您的咨询，欢迎下次光临！',
} as const;

/** Pictures of the demo, in apps/api/assets/sandbox (the same depth below apps/api from src/ and dist/). */
const PICTURES_DIR = resolve(__dirname, '../../../assets/sandbox');
export const PICTURES = ['contact.png', 'cover.png', 'qq.png', 'photo.png'] as const;
export type PictureName = (typeof PICTURES)[number];

export function readPicture(name: PictureName): Buffer {
  return readFileSync(resolve(PICTURES_DIR, name));
}

/** The knowledge base of the manual (第五步): a numbered menu as the welcome, and its five answers. */
export function demoKnowledge(media: { contact: string; cover: string }, qqPictureUrl: string): CreateKnowledgeItemRequest[] {
  return [
    {
      number: 1,
      keyword: '引导语',
      type: 'text',
      content:
        '[name]您好，欢迎光临演示店铺！看看下面这些是否可以帮到您，直接回复序号即可{br}' +
        '1. 菜单{br}2. 我们的联系方式{br}3. 公司网址{br}4. 演示商城小程序{br}5. 转接客服QQ{br}{br}' +
        '人工客服已经接入，您有什么问题吗？',
    },
    { number: 2, keyword: '联系方式', type: 'image', title: '联系方式', mediaAssetId: media.contact },
    { number: 3, keyword: '网址', type: 'text', content: '演示店铺官网：https://shop.example.com' },
    {
      number: 4,
      keyword: '小程序',
      type: 'miniprogram',
      title: '演示商城小程序',
      pagePath: 'pages/index/index?from=kefu',
      mediaAssetId: media.cover,
    },
    {
      number: 5,
      keyword: 'QQ',
      type: 'link',
      title: '点击直接转入客服QQ',
      description: 'QQ：10000',
      url: 'http://wpa.qq.com/msgrd?v=3&uin=10000',
      pictureUrl: qqPictureUrl,
    },
  ];
}
