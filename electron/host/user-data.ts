import os from 'node:os';
import path from 'node:path';

/**
 * Electron names the user-data folder after package.json's productName; the headless host uses
 * the same folder so both shells open the same workstation database. Keep in step with package.json.
 */
export const PRODUCT_NAME = 'Smart Port Inspection Console';

export interface Platform {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
}

/** The folder Electron's app.getPath('userData') would give on this machine. */
export function userDataDir(where: Platform = { platform: process.platform, env: process.env, home: os.homedir() }): string {
  const { platform, env, home } = where;
  if (platform === 'win32') {
    return path.win32.join(nonEmpty(env.APPDATA) ?? path.win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.posix.join(nonEmpty(env.XDG_CONFIG_HOME) ?? path.posix.join(home, '.config'), PRODUCT_NAME);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
