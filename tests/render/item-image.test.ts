// The item's image in alerts (issue 15): a Slack image accessory, a Discord embed thumbnail.
import { describe, expect, it } from 'vitest';
import { renderDiscordAlert } from '../../src/platforms/discord/render.ts';
import { renderSlackAlert } from '../../src/platforms/slack/render.ts';
import { makeAlert } from './alert.ts';

const IMAGE = 'https://img.news.example/ferry.jpg';

describe('the item image', () => {
  it('is the Slack section accessory, with the headline as alt text', () => {
    const { blocks } = renderSlackAlert(makeAlert({ item: { image: IMAGE } }));
    expect(blocks[0]).toMatchObject({ type: 'section', accessory: { type: 'image', image_url: IMAGE, alt_text: 'Northern ferry route to reopen' } });
  });

  it('is left out of Slack on request, and when the item has none or it is not http(s)', () => {
    expect(renderSlackAlert(makeAlert({ item: { image: IMAGE } }), { image: false }).blocks[0]).not.toHaveProperty('accessory');
    expect(renderSlackAlert(makeAlert()).blocks[0]).not.toHaveProperty('accessory');
    expect(renderSlackAlert(makeAlert({ item: { image: 'javascript:alert(1)' } })).blocks[0]).not.toHaveProperty('accessory');
  });

  it('is the Discord embed thumbnail, and absent without an image', () => {
    expect(renderDiscordAlert(makeAlert({ item: { image: IMAGE } })).embeds[0]?.thumbnail).toEqual({ url: IMAGE });
    expect(renderDiscordAlert(makeAlert()).embeds[0]).not.toHaveProperty('thumbnail');
    expect(renderDiscordAlert(makeAlert({ item: { image: 'data:image/png;base64,AAAA' } })).embeds[0]).not.toHaveProperty('thumbnail');
  });
});
