import { CfnRule, Duration, Fn, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  OriginSslPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { OPERATIONS } from '../functions/operations';
import { EDGE_SECRET_HEADER } from '../functions/shared/client-address';
import { RATE_CLASSES, type RateClass, type RateLimit } from '../functions/shared/rate-limit';

/** AWS WAF's rate-based rules count over one of these windows. */
const WAF_WINDOWS = [60, 120, 300, 600];

/**
 * Per-address limits the HTTP API cannot give (it takes no WAF, and its
 * throttle is one budget for everyone): the rate classes the operations
 * declare, each a rule over the paths of its operations (a path with
 * parameters by its prefix), with the same number over the same window as the
 * local server, or the class's own numbers for the edge where it cannot tell
 * what counts (failed logins).
 */
export function edgeRateRules() {
  return (Object.keys(RATE_CLASSES) as RateClass[]).flatMap((name) => {
    const paths = [...new Set(OPERATIONS.filter((operation) => operation.rate === name).map((operation) => operation.path.replace(/\{.*$/, '')))];
    if (paths.length === 0) return [];
    const rule: RateLimit & { edge?: RateLimit } = RATE_CLASSES[name];
    const { max, windowMs } = rule.edge ?? rule;
    const windowSeconds = windowMs / 1000;
    if (!WAF_WINDOWS.includes(windowSeconds))
      throw new Error(`Rate class ${name}: AWS WAF counts over ${WAF_WINDOWS.join(', ')} seconds, not ${windowSeconds}`);
    return [{ name: capital(name), paths, limit: max, windowSeconds }];
  });
}

const capital = (name: string) => `${name[0]!.toUpperCase()}${name.slice(1)}`;

/**
 * An edge in front of the API, on by `-c edge=true`: CloudFront (the tracker
 * cached there) with an AWS WAF web ACL of rate-based rules per address and
 * AWS's managed rule groups. Readers' addresses reach the functions in
 * `CloudFront-Viewer-Address`, trusted only with the edge's secret header.
 */
export class Edge extends Construct {
  readonly distribution: Distribution;

  /** `originDomain`: the API's own domain; `secret`: the header's value (resolved from SSM at deploy, never in the template). */
  constructor(scope: Construct, id: string, props: { originDomain: string; secret: string }) {
    super(scope, id);
    // A web ACL for CloudFront can only be made in us-east-1: say so before anything is created.
    new CfnRule(this, 'InUsEast1', {
      assertions: [
        {
          assert: Fn.conditionEquals(Stack.of(this).region, 'us-east-1'),
          assertDescription: 'With edge=true, deploy the stack in us-east-1: AWS WAF for CloudFront lives there.',
        },
      ],
    });

    const webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'learning-signals-edge', sampledRequestsEnabled: false },
      rules: [
        managed('AWSManagedRulesAmazonIpReputationList', 0),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
        // Survey answers are long and may quote markup: those two body rules count, they do not block.
        managed('AWSManagedRulesCommonRuleSet', 2, ['SizeRestrictions_BODY', 'CrossSiteScripting_BODY']),
        ...edgeRateRules().map((limit, i) => ({
          name: `RateLimit${limit.name}`,
          priority: 10 + i,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: limit.limit,
              evaluationWindowSec: limit.windowSeconds,
              aggregateKeyType: 'IP',
              scopeDownStatement: limit.paths.length === 1 ? startsWith(limit.paths[0]!) : { orStatement: { statements: limit.paths.map(startsWith) } },
            },
          },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `rate-${limit.name}`, sampledRequestsEnabled: false },
        })),
      ],
    });

    const origin = new HttpOrigin(props.originDomain, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      customHeaders: { [EDGE_SECRET_HEADER]: props.secret },
    });
    // Everything the functions read, and the viewer's own address; never the Host (API Gateway needs its own).
    const forward = new OriginRequestPolicy(this, 'Forward', {
      headerBehavior: OriginRequestHeaderBehavior.allowList(
        'CloudFront-Viewer-Address',
        'Origin',
        'Referer',
        'User-Agent',
        'Content-Type',
        'Accept',
        'If-None-Match',
        'Access-Control-Request-Method',
        'Access-Control-Request-Headers',
      ),
      cookieBehavior: OriginRequestCookieBehavior.all(),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
    });
    // Nothing cached unless the function says so; the bearer token goes through (and keys any cache).
    const passThrough = new CachePolicy(this, 'PassThrough', {
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      cookieBehavior: CacheCookieBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.none(),
    });
    const dynamic = {
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: passThrough,
      originRequestPolicy: forward,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Learning Signals',
      webAclId: webAcl.attrArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: dynamic,
      additionalBehaviors: {
        // The tracker is the same for everyone: served from the edge, as its own headers allow.
        '/t.js': { origin, viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS, cachePolicy: CachePolicy.CACHING_OPTIMIZED },
      },
    });
  }
}

function managed(name: string, priority: number, countOnly: string[] = []): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(countOnly.length ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: false },
  };
}

function startsWith(path: string): CfnWebACL.StatementProperty {
  return {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: path.endsWith('/') ? 'STARTS_WITH' : 'EXACTLY',
      searchString: path,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  };
}
