/**
 * The built-in single window's training accounts (simulator default; README lists them). Training
 * mode signs the console in as the first one. They exist only in the simulator.
 */
export const TRAINING_ACCOUNTS = [
  { operatorId: 'op-8000-001', password: 'training', name: '张伟', roles: ['inspector'], agency: 'customs' },
  { operatorId: 'op-8000-002', password: 'training', name: '李娜', roles: ['inspector'], agency: 'quarantine' },
  { operatorId: 'sup-8000-001', password: 'training', name: '王芳', roles: ['supervisor'], agency: 'customs' },
  { operatorId: 'admin-8000', password: 'training', name: '系统管理员', roles: ['admin'], agency: 'customs' },
] as const;

export const TRAINING_OPERATOR = TRAINING_ACCOUNTS[0];
