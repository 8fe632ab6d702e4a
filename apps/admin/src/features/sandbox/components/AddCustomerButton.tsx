import { UserAddOutlined } from '@ant-design/icons';
import { Button, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const NAMES = ['李四', '王五', '赵六', '孙七', '周八', '吴九', '郑十', '小明', '小红'];

/** Adds a customer phone: the person opens the chat with their nickname (session-from). */
export function AddCustomerButton({ taken, onAdd }: { taken: string[]; onAdd: (nickname: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [nickname, setNickname] = useState('');
  const [saving, setSaving] = useState(false);

  const show = () => {
    setNickname(NAMES.find((name) => !taken.includes(name)) ?? '');
    setOpen(true);
  };
  const add = async () => {
    if (!nickname.trim()) return;
    setSaving(true);
    try {
      await onAdd(nickname.trim());
      setOpen(false);
    } catch {
      // The page reports the error; the dialog stays open.
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button type="primary" icon={<UserAddOutlined />} onClick={show}>
        {t('sandbox.addCustomer')}
      </Button>
      <Modal
        open={open}
        title={t('sandbox.addCustomerTitle')}
        okText={t('sandbox.addCustomerOk')}
        cancelText={t('ui.cancel')}
        confirmLoading={saving}
        okButtonProps={{ disabled: !nickname.trim() }}
        onOk={() => void add()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <p className="sb-modal__hint">{t('sandbox.addCustomerHint')}</p>
        <Input
          autoFocus
          maxLength={32}
          value={nickname}
          placeholder={t('sandbox.nicknamePlaceholder')}
          aria-label={t('sandbox.nickname')}
          onChange={(event) => setNickname(event.target.value)}
          onPressEnter={() => void add()}
        />
      </Modal>
    </>
  );
}
