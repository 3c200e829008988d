import type { AccountRepository } from './db/account-repository.js';
import { refuseTrainingAccount } from './auth/account-handlers.js';
import { BackupError } from './backup/write-backup.js';
import type { BackupService } from './backup/backup-service.js';
import type { BackupSettingsRepository } from './db/backup-settings-repository.js';
import { CallFailure, type Caller, type Handlers } from './router.js';

type BackupHandlers = Pick<Handlers, 'backup:settings' | 'backup:configure' | 'backup:now' | 'backup:list'>;

/**
 * The admin's backups (admin role, checked by the router from the contract). A training account may
 * look but not choose where the data goes nor copy it: its password is public.
 */
export function createBackupHandlers(service: BackupService, settings: BackupSettingsRepository, accounts: AccountRepository): BackupHandlers {
  const actor = (caller: Caller): string => caller.operatorId ?? 'admin';
  return {
    'backup:settings': () => service.settings(),
    'backup:configure': (input, caller) => {
      refuseTrainingAccount(accounts, caller);
      settings.configure(input, actor(caller));
      return service.settings();
    },
    'backup:now': async (_input, caller) => {
      refuseTrainingAccount(accounts, caller);
      if (settings.config().folder === null) throw new CallFailure('invalid_input', '尚未设置备份文件夹 / no backup folder is set: choose one first');
      try {
        const report = await service.backUpNow(actor(caller));
        return { folder: report.folder, bytes: report.bytes, files: report.manifest.files.length, removed: [...report.removed] };
      } catch (error) {
        if (error instanceof BackupError) throw new CallFailure('unavailable', `备份未通过校验，未保存 / the backup did not verify and was not kept: ${error.problem.message}`);
        throw new CallFailure('unavailable', `备份失败 / the backup failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    'backup:list': () => ({ backups: service.list() }),
  };
}
