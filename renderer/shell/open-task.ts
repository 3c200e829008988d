import { createContext, useContext } from 'react';

/**
 * Opens a task's detail on the tasks screen from anywhere in the console (the Sync screen's rows
 * that need the officer: a conflict is resolved on its task). Null outside the App's shell.
 */
export const OpenTaskContext = createContext<((taskId: string) => void) | null>(null);

export function useOpenTask(): ((taskId: string) => void) | null {
  return useContext(OpenTaskContext);
}
