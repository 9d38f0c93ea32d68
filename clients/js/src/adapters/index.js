import { webSocketAdapter } from './websocket.js';
import { wechatAdapter, uniappAdapter, socketTaskAdapter } from './socket-task.js';
import { alipayAdapter } from './alipay.js';
import { pollingAdapter } from './polling.js';

export { webSocketAdapter, wechatAdapter, uniappAdapter, alipayAdapter, socketTaskAdapter, pollingAdapter };

/**
 * The adapter for the platform this runs on: uni-app first (its builds for WeChat also have
 * `wx`, but the app was written against `uni`), then WeChat, Alipay, and finally a global
 * WebSocket (browsers, Node 22+).
 */
export function detectAdapter() {
  const g = globalThis;
  if (g.uni && typeof g.uni.connectSocket === 'function') {
    return uniappAdapter(g.uni);
  }
  if (g.wx && typeof g.wx.connectSocket === 'function') {
    return wechatAdapter(g.wx);
  }
  if (g.my && typeof g.my.connectSocket === 'function') {
    return alipayAdapter(g.my);
  }
  if (typeof g.WebSocket === 'function') {
    return webSocketAdapter();
  }
  throw new Error('no socket API found (uni, wx, my or WebSocket): pass the adapter option, '
    + 'e.g. webSocketAdapter({WebSocket}) with the ws package on Node 20');
}
