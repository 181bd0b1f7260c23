import webConfig from '../eslint.web.mjs';

export default webConfig;
