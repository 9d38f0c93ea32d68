/**
 * longconn JavaScript client: one connection to the gateway for browsers, mini-programs
 * (WeChat, uni-app, Alipay) and Node. See README.md and docs/PROTOCOL.md.
 */
import { LongConnClient } from './client.js';

export { LongConnClient };
export { webSocketAdapter, wechatAdapter, uniappAdapter, alipayAdapter, socketTaskAdapter, pollingAdapter, detectAdapter } from './adapters/index.js';
export { matches as opTypeMatches, opTypeProblem } from './optype.js';

/** Same as `new LongConnClient(options)`. */
export function createLongConn(options) {
  return new LongConnClient(options);
}
