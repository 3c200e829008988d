import { TasksScreen } from './features/tasks/TasksScreen.js';
import { Header } from './shell/Header.js';

/** The console's shell. Expects ApiContext (main.tsx provides the real channel, tests a fake one). */
export function App() {
  return (
    <div className="app">
      <Header />
      <main className="app__main">
        <TasksScreen />
      </main>
    </div>
  );
}
