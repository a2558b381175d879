// The workflows the test imports into n8n: Manual Trigger → Code (items with a
// device id) → SparkBot WhatsApp: Scan QR, the device taken from each item by
// an expression.
export const CREDENTIAL_ID = 'sparkbotMockCred1';

/** The node's type when loaded as a custom extension (N8N_CUSTOM_EXTENSIONS). */
export const NODE_TYPE = 'CUSTOM.sparkBotWhatsApp';
/** The node's type when installed as a community package (the user folder's nodes/). */
export const COMMUNITY_NODE_TYPE = 'n8n-nodes-sparkbot-whatsapp.sparkBotWhatsApp';

function workflow(id, name, devices, { encoding, onError, resource = 'whatsappSession', node, type = NODE_TYPE, options }) {
  const scan = node ?? {
    id: `${id}-scan`,
    name: 'SparkBot WhatsApp',
    type,
    typeVersion: 1,
    position: [660, 300],
    parameters: { resource, operation: 'scanQr', device: '={{ $json.device }}', encoding, ...(options ? { options } : {}) },
    credentials: { sparkBotApi: { id: CREDENTIAL_ID, name: 'SparkBot mock' } },
  };
  if (onError) scan.onError = onError;
  return {
    id,
    name,
    active: false,
    nodes: [
      { id: `${id}-trigger`, name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [220, 300], parameters: {} },
      {
        id: `${id}-code`,
        name: 'Devices',
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        position: [440, 300],
        parameters: { jsCode: `return ${JSON.stringify(devices)}.map((device) => ({ json: { device } }));` },
      },
      scan,
    ],
    connections: {
      'Manual Trigger': { main: [[{ node: 'Devices', type: 'main', index: 0 }]] },
      Devices: { main: [[{ node: scan.name, type: 'main', index: 0 }]] },
    },
    settings: {},
    pinData: {},
  };
}

/**
 * n8n's HTTP Request node with the predefined credential type sparkBotApi:
 * n8n applies the credential's `authenticate` (derived from the component's
 * description) itself. What the node's "Custom API Call" answer points to.
 */
function httpRequestNode(baseUrl) {
  return {
    id: 'SparkbotHttpReq1-http',
    name: 'HTTP Request',
    type: 'n8n-nodes-base.httpRequest',
    typeVersion: 4.2,
    position: [660, 300],
    parameters: {
      method: 'GET',
      url: `${baseUrl}/devices`,
      authentication: 'predefinedCredentialType',
      nodeCredentialType: 'sparkBotApi',
      options: {},
    },
    credentials: { sparkBotApi: { id: CREDENTIAL_ID, name: 'SparkBot mock' } },
  };
}

/** The workflows that need a fault set on the mock before they run. */
export const FAULTED = ['timeout', 'redirect'];

export function workflows({ pending, fresh, online, baseUrl }) {
  return {
    scan: workflow('SparkbotScanQr01', 'Scan QR (image)', [pending, fresh], { encoding: 'image' }),
    continueOnFail: workflow('SparkbotContFail', 'Scan QR, continue on fail', [pending, online], { encoding: 'uri', onError: 'continueRegularOutput' }),
    failing: workflow('SparkbotFailRun1', 'Scan QR, failing', [pending, online], { encoding: 'uri' }),
    customApiCall: workflow('SparkbotCustomAp', 'Custom API Call', [pending], { encoding: 'uri', resource: '__CUSTOM_API_CALL__' }),
    httpRequest: workflow('SparkbotHttpReq1', 'HTTP Request with the SparkBot API credential', [pending], { node: httpRequestNode(baseUrl) }),
    // Run by the test with a fault set on the mock first (not in the plain loop).
    timeout: workflow('SparkbotTimeout1', 'Scan QR, 1 s timeout', [pending], { encoding: 'uri', onError: 'continueRegularOutput', options: { timeout: 1000 } }),
    redirect: workflow('SparkbotRedirect', 'Scan QR, redirected', [pending], { encoding: 'uri', onError: 'continueRegularOutput' }),
  };
}

/** The Scan QR workflow with the node as installed from the community-node folder. */
export function communityScan({ pending, fresh }) {
  return workflow('SparkbotCommunit', 'Scan QR (community package)', [pending, fresh], { encoding: 'image', type: COMMUNITY_NODE_TYPE });
}

export function credential(baseUrl, apiKey) {
  return [{ id: CREDENTIAL_ID, name: 'SparkBot mock', type: 'sparkBotApi', data: { baseUrl, apiKey } }];
}
