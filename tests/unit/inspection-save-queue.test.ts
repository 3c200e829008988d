import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../shared/contract/index.js';
import { SaveQueue, type SaveState } from '../../renderer/features/inspection/save-queue.js';

/** A save whose answers the test gives one by one, recording what was sent. */
function controlledSave() {
  const sent: string[] = [];
  const answers: ((result: Result<unknown>) => void)[] = [];
  const save = (value: string): Promise<Result<unknown>> => {
    sent.push(value);
    return new Promise((resolve) => answers.push(resolve));
  };
  const answer = async (result: Result<unknown>): Promise<void> => {
    const next = answers.shift();
    if (!next) throw new Error('no save is waiting for an answer');
    next(result);
    await Promise.resolve();
    await Promise.resolve();
  };
  return { sent, save, answer };
}

function queueWith(control: ReturnType<typeof controlledSave>) {
  const states: SaveState['kind'][] = [];
  const queue = new SaveQueue<string>(control.save, (state) => states.push(state.kind));
  return { queue, states };
}

describe('the draft save queue', () => {
  it('keeps one save in flight and sends only the latest of the changes made meanwhile', async () => {
    const control = controlledSave();
    const { queue, states } = queueWith(control);
    queue.change('a');
    queue.change('ab');
    queue.change('abc');
    expect(control.sent).toEqual(['a']);
    await control.answer(ok(null));
    expect(control.sent).toEqual(['a', 'abc']);
    expect(queue.current().kind).toBe('saving');
    await control.answer(ok(null));
    expect(queue.current().kind).toBe('saved');
    expect(states).toEqual(['saving', 'saving', 'saved']);
  });

  it('says why a save failed, and sends the latest state again on saveNow, also when it is saved', async () => {
    const control = controlledSave();
    const { queue } = queueWith(control);
    queue.change('a');
    await control.answer(fail('unavailable', 'the core is restarting'));
    expect(queue.current()).toEqual({ kind: 'unsaved', error: { code: 'unavailable', message: 'the core is restarting' } });
    queue.saveNow();
    expect(control.sent).toEqual(['a', 'a']);
    await control.answer(ok(null));
    expect(queue.current().kind).toBe('saved');
    queue.saveNow();
    expect(control.sent).toEqual(['a', 'a', 'a']);
    queue.saveNow();
    expect(control.sent).toHaveLength(3);
  });

  it('settles once the last save answered', async () => {
    const control = controlledSave();
    const { queue } = queueWith(control);
    let settled = false;
    queue.change('a');
    queue.change('b');
    void queue.settled().then(() => (settled = true));
    await control.answer(ok(null));
    expect(settled).toBe(false);
    await control.answer(ok(null));
    expect(settled).toBe(true);
  });
});
