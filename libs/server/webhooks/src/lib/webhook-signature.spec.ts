import { createHmac } from 'node:crypto';
import { acceptableWebhookUrl, verifyWebhookSignature, webhookSignature } from './webhook-signature';

describe('webhook signature', () => {
  const body = '{"id":"1","type":"assigned"}';
  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    expect(webhookSignature('whsec_x', 1795000000, body)).toBe(`v1=${createHmac('sha256', 'whsec_x').update(`1795000000.${body}`).digest('hex')}`);
  });
  it('verifies the same bytes, refuses another body, another secret, and an old or future timestamp', () => {
    const sig = webhookSignature('s', 1000, body);
    expect(verifyWebhookSignature('s', '1000', body, sig, 1000)).toBe(true);
    expect(verifyWebhookSignature('s', '1000', body, sig, 1300)).toBe(true);
    expect(verifyWebhookSignature('s', '1000', body, sig, 1301)).toBe(false);
    expect(verifyWebhookSignature('s', '1000', body, sig, 699)).toBe(false);
    expect(verifyWebhookSignature('s', '1000', body + ' ', sig, 1000)).toBe(false);
    expect(verifyWebhookSignature('t', '1000', body, sig, 1000)).toBe(false);
    expect(verifyWebhookSignature('s', '1001', body, sig, 1000)).toBe(false);
    expect(verifyWebhookSignature('s', '1e3', body, sig, 1000)).toBe(false);
  });
  it.each([
    ['https://eoffice.mic.gov.vn/hooks/tiendo', true],
    ['http://10.0.0.5:8080/in', true],
    ['ftp://eoffice.mic.gov.vn/x', false],
    ['https://user:pass@eoffice.mic.gov.vn/x', false],
    ['https://user@eoffice.mic.gov.vn/x', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
    ['file:///etc/passwd', false],
  ])('%s acceptable: %s', (url, ok) => {
    expect(acceptableWebhookUrl(url)).toBe(ok);
  });
});
