import { describe, expect, it } from 'vitest';
import { renderConsoleAlert } from '../../src/platforms/console/render.ts';
import { makeAlert, NOW } from './alert.ts';

const twoOutlets = [
  { name: 'Harbour Gazette', url: null },
  { name: 'Coast Courier', url: null },
];

describe('renderConsoleAlert', () => {
  it('prints title, lead, outlet and age, link: the order chat messages show them in', () => {
    expect(renderConsoleAlert(makeAlert(), { now: NOW })).toBe(
      'Northern ferry route to reopen\nThe crossing reopens next month.\nHarbour Gazette · 3 hours ago\nhttps://news.example/ferry',
    );
  });

  it('names further outlets', () => {
    expect(renderConsoleAlert(makeAlert({ sources: twoOutlets }), { now: NOW }).split('\n')[2]).toBe(
      'Harbour Gazette · also from Coast Courier · 3 hours ago',
    );
  });

  it('opens an update with the outlets that joined', () => {
    const out = renderConsoleAlert(makeAlert({ kind: 'update', sources: twoOutlets }), { now: NOW });
    expect(out.split('\n')[0]).toBe('↻ Update: now also from Coast Courier');
    expect(renderConsoleAlert(makeAlert({ kind: 'update' }), { now: NOW }).split('\n')[0]).toBe('↻ Update');
  });

  it('strips terminal control from feed text and keeps each field on its line', () => {
    const hostile = 'Red\u001b[31m alert\u001b]0;owned\u0007\u0008\r\nnext\u009b2J';
    const out = renderConsoleAlert(makeAlert({ item: { title: hostile, summary: hostile, url: 'javascript:x' } }), { now: NOW });
    expect(out).toBe('Red alert next\nRed alert next\nHarbour Gazette · 3 hours ago');
  });

  it('uses the channel template in place of the headline, lead and link, and keeps the byline', () => {
    const alert = makeAlert({ template: '{title} | {sources} | {published} | {topic} | {colour}', topic: 'ferries' });
    expect(renderConsoleAlert(alert, { now: NOW })).toBe(
      'Northern ferry route to reopen | Harbour Gazette | 3 hours ago | ferries | {colour}\nHarbour Gazette · 3 hours ago',
    );
  });
});
