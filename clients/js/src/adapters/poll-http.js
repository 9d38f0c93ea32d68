/**
 * The polling transport's default HTTP function for the platform it runs on: `fetch` (browsers,
 * Node), else `uni.request`, `wx.request` or `my.request` (mini-programs). Each has the shape of
 * `pollingAdapter`'s `request` option: `({method, url, body, header, timeoutMs}) => {promise,
 * abort}`, the promise resolving to `{status, text}`, so the link never knows which one it has.
 */

/**
 * A text body goes as text/plain: it is a "simple" request, so a browser polling another origin
 * sends it without a CORS preflight. A binary body has its content type in `header` already.
 */
const TEXT_CONTENT_TYPE = 'text/plain;charset=UTF-8';

/** The HTTP function of this platform, or null when it has none. */
export function detectHttp() {
  const g = globalThis;
  if (typeof g.fetch === 'function') {
    return fetchRequest(g.fetch.bind(g));
  }
  for (const api of [g.uni, g.wx, g.my]) {
    if (api && typeof api.request === 'function') {
      return miniProgramRequest(api);
    }
  }
  return null;
}

function fetchRequest(fetchImpl) {
  return ({ method, url, body, header, timeoutMs }) => {
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = setTimeout(() => controller && controller.abort(), timeoutMs);
    const headers = typeof body === 'string' ? { ...header, 'Content-Type': TEXT_CONTENT_TYPE } : { ...header };
    const promise = fetchImpl(url, { method, body, headers, cache: 'no-store', signal: controller ? controller.signal : undefined })
      .then(async (response) => ({ status: response.status, text: await response.text() }))
      .finally(() => clearTimeout(timer));
    return { promise, abort: () => controller && controller.abort() };
  };
}

/** `wx.request`, `uni.request` and `my.request` (Alipay names the status `status`, the header `headers`). */
function miniProgramRequest(api) {
  return ({ method, url, body, header, timeoutMs }) => {
    let task = null;
    const promise = new Promise((resolve, reject) => {
      task = api.request({
        url, method, data: body, header: typeof body === 'string' ? { ...header, 'Content-Type': TEXT_CONTENT_TYPE } : header,
        headers: header, timeout: timeoutMs, dataType: 'text', responseType: 'text',
        success: (res) => resolve({ status: res.statusCode ?? res.status,
          text: typeof res.data === 'string' ? res.data : JSON.stringify(res.data ?? '') }),
        fail: (err) => reject(new Error((err && (err.errMsg || err.errorMessage)) || 'request failed')),
      });
    });
    return { promise, abort: () => task && typeof task.abort === 'function' && task.abort() };
  };
}
