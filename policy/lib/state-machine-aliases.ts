import * as cloudformation from "@pulumi/aws/cloudformation";
import type { PolicyResource } from "@pulumi/policy";
import { describe } from "./describe";
import { field, isRecord, type Props, resourceName } from "./props";
import { parseStateMachineArn, type StateMachineArn } from "./state-machine-arns";

/**
 * The CloudFormation resource type of a Step Functions alias; its `DeploymentPreference` is what shifts
 * traffic to a new version gradually and rolls it back when an alarm fires.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachinealias.html
 */
export const ALIAS_TYPE = "AWS::StepFunctions::StateMachineAlias";

/** An `AWS::StepFunctions::StateMachineAlias` declared in the template of a stack's CloudFormation stack. */
export interface TemplateAlias {
  /** The CloudFormation stack resource that declares it. */
  readonly stack: PolicyResource;
  readonly stackName: string;
  readonly logicalId: string;
  /** `Properties.Name`; CloudFormation makes one up when it is missing. */
  readonly name: unknown;
  readonly deploymentPreference: Props | undefined;
  /** The version ARNs it routes to: `DeploymentPreference.StateMachineVersionArn` and `RoutingConfiguration`. */
  readonly versions: readonly StateMachineArn[];
}

/** What the stack's CloudFormation stacks declare, and which templates could not be read. */
export interface StackAliases {
  readonly aliases: readonly TemplateAlias[];
  /** One line per CloudFormation stack whose template this check cannot read. */
  readonly unread: readonly string[];
}

function versionsOf(properties: Props): StateMachineArn[] {
  const routes = field(properties, "RoutingConfiguration");
  const candidates = [
    field(properties, "DeploymentPreference", "StateMachineVersionArn"),
    ...(Array.isArray(routes) ? routes.map((route: unknown) => field(route, "StateMachineVersionArn")) : []),
  ];
  return candidates.flatMap((candidate) => parseStateMachineArn(candidate) ?? []);
}

/** The template of one CloudFormation stack resource; reading an unknown `templateBody` throws, as props do. */
function readTemplate(stack: PolicyResource): { aliases: TemplateAlias[]; unread?: string } {
  const props: Props = stack.props;
  const stackName = resourceName(props, stack.name);
  const label = `CloudFormation stack ${describe(stackName)}`;
  const body = props.templateBody;
  if (typeof body !== "string") {
    return { aliases: [], unread: `${label} has no templateBody (a templateUrl is not read)` };
  }
  let template: unknown;
  try {
    template = JSON.parse(body) as unknown;
  } catch {
    return { aliases: [], unread: `${label} has a templateBody that is not JSON (YAML is not read)` };
  }
  const resources = field(template, "Resources");
  if (!isRecord(resources)) return { aliases: [] };
  const aliases = Object.entries(resources).flatMap(([logicalId, declared]): TemplateAlias[] => {
    const properties = field(declared, "Properties");
    if (field(declared, "Type") !== ALIAS_TYPE || !isRecord(properties)) return [];
    const preference = properties.DeploymentPreference;
    return [
      {
        stack,
        stackName,
        logicalId,
        name: properties.Name,
        deploymentPreference: isRecord(preference) ? preference : undefined,
        versions: versionsOf(properties),
      },
    ];
  });
  return { aliases };
}

/** Every state machine alias the stack's CloudFormation stacks declare, each read through `attempt`. */
export function stackAliases(
  resources: readonly PolicyResource[],
  attempt: <T>(part: () => T) => T | undefined,
): StackAliases & { readonly complete: boolean } {
  const aliases: TemplateAlias[] = [];
  const unread: string[] = [];
  let complete = true;
  for (const stack of resources.filter((resource) => resource.isType(cloudformation.Stack))) {
    const read = attempt(() => readTemplate(stack));
    if (read === undefined) {
      complete = false;
      continue;
    }
    aliases.push(...read.aliases);
    if (read.unread !== undefined) unread.push(read.unread);
  }
  return { aliases, unread, complete };
}
