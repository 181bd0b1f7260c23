/* Unit tests of web (settings shared by every web project in libs/web/jest-web.preset.cts). */
module.exports = require('../../libs/web/jest-web.preset.cts')(__dirname, 'web');
