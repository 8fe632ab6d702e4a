import type { ThemeConfig } from 'antd';

export const BRAND_COLOR = '#1f5eff';

const fontFamily = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
].join(', ');

export const theme: ThemeConfig = {
  cssVar: { key: 'kefu' },
  token: {
    colorPrimary: BRAND_COLOR,
    colorInfo: BRAND_COLOR,
    colorBgLayout: '#f4f6fb',
    colorTextBase: '#1d2433',
    borderRadius: 8,
    fontFamily,
    controlHeightLG: 44,
  },
  components: {
    Layout: {
      headerBg: '#ffffff',
      headerHeight: 60,
      headerPadding: '0 24px',
      siderBg: '#ffffff',
      bodyBg: '#f4f6fb',
    },
    Menu: {
      itemBorderRadius: 8,
      itemMarginInline: 8,
      itemHeight: 42,
      itemSelectedBg: '#edf2ff',
      itemSelectedColor: BRAND_COLOR,
      iconSize: 16,
    },
    Card: {
      borderRadiusLG: 12,
    },
  },
};
