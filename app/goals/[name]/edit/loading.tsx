import { GoalFormSkeleton } from "@/components/goal-form/goal-form-skeleton";

export default function Loading() {
  return <GoalFormSkeleton title="Edit goal" />;
}
