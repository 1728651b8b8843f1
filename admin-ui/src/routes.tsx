import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { LoginPage } from './auth/LoginPage';
import { RequireAuth } from './auth/RequireAuth';
import { RequireRole } from './auth/RequireRole';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './pages/not-found/NotFoundPage';

// Pages are split into their own chunks; AppLayout provides the Suspense boundary.
const DashboardPage = lazy(() =>
  import('./pages/dashboard/DashboardPage').then((m) => ({
    default: m.DashboardPage,
  })),
);
const MembersPage = lazy(() =>
  import('./pages/members/MembersPage').then((m) => ({
    default: m.MembersPage,
  })),
);
const OperatorsPage = lazy(() =>
  import('./pages/operators/OperatorsPage').then((m) => ({
    default: m.OperatorsPage,
  })),
);
const ApiKeysPage = lazy(() =>
  import('./pages/api-keys/ApiKeysPage').then((m) => ({
    default: m.ApiKeysPage,
  })),
);
const MemberDetailPage = lazy(() =>
  import('./pages/member-detail/MemberDetailPage').then((m) => ({
    default: m.MemberDetailPage,
  })),
);
const EarningRulesPage = lazy(() =>
  import('./pages/earning-rules/EarningRulesPage').then((m) => ({
    default: m.EarningRulesPage,
  })),
);
const RuleEditPage = lazy(() =>
  import('./pages/earning-rules/RuleEditPage').then((m) => ({
    default: m.RuleEditPage,
  })),
);
const TiersPage = lazy(() => import('./pages/tiers/TiersPage').then((m) => ({ default: m.TiersPage })));
const TasksPage = lazy(() => import('./pages/tasks/TasksPage').then((m) => ({ default: m.TasksPage })));
const TaskEditPage = lazy(() => import('./pages/tasks/TaskEditPage').then((m) => ({ default: m.TaskEditPage })));
const CheckInPage = lazy(() => import('./pages/check-in/CheckInPage').then((m) => ({ default: m.CheckInPage })));
const CouponTemplatesPage = lazy(() => import('./pages/coupons/CouponTemplatesPage').then((m) => ({ default: m.CouponTemplatesPage })));
const CouponTemplateEditPage = lazy(() =>
  import('./pages/coupons/CouponTemplateEditPage').then((m) => ({ default: m.CouponTemplateEditPage })),
);
const BenefitsPage = lazy(() => import('./pages/benefits/BenefitsPage').then((m) => ({ default: m.BenefitsPage })));
const BenefitEditPage = lazy(() => import('./pages/benefits/BenefitEditPage').then((m) => ({ default: m.BenefitEditPage })));
const PackageEditPage = lazy(() => import('./pages/benefits/PackageEditPage').then((m) => ({ default: m.PackageEditPage })));
const RewardsPage = lazy(() => import('./pages/mall/RewardsPage').then((m) => ({ default: m.RewardsPage })));
const RewardEditPage = lazy(() => import('./pages/mall/RewardEditPage').then((m) => ({ default: m.RewardEditPage })));
const RedemptionsPage = lazy(() => import('./pages/redemptions/RedemptionsPage').then((m) => ({ default: m.RedemptionsPage })));
const AuditPage = lazy(() => import('./pages/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const JobsPage = lazy(() => import('./pages/jobs/JobsPage').then((m) => ({ default: m.JobsPage })));

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<DashboardPage />} />
        <Route path="members" element={<MembersPage />} />
        <Route path="members/:id" element={<MemberDetailPage />} />
        <Route path="earning-rules" element={<EarningRulesPage />} />
        <Route
          path="earning-rules/new"
          element={
            <RequireRole role="admin">
              <RuleEditPage />
            </RequireRole>
          }
        />
        <Route path="earning-rules/:id" element={<RuleEditPage />} />
        <Route path="tiers" element={<TiersPage />} />
        <Route path="tasks" element={<TasksPage />} />
        <Route
          path="tasks/new"
          element={
            <RequireRole role="operator">
              <TaskEditPage />
            </RequireRole>
          }
        />
        <Route path="tasks/:id" element={<TaskEditPage />} />
        <Route path="check-in" element={<CheckInPage />} />
        <Route path="benefits" element={<BenefitsPage />} />
        <Route
          path="benefits/new"
          element={
            <RequireRole role="operator">
              <BenefitEditPage />
            </RequireRole>
          }
        />
        <Route path="benefits/:code" element={<BenefitEditPage />} />
        <Route
          path="benefit-packages/new"
          element={
            <RequireRole role="operator">
              <PackageEditPage />
            </RequireRole>
          }
        />
        <Route path="benefit-packages/:code" element={<PackageEditPage />} />
        <Route path="coupon-templates" element={<CouponTemplatesPage />} />
        <Route
          path="coupon-templates/new"
          element={
            <RequireRole role="operator">
              <CouponTemplateEditPage />
            </RequireRole>
          }
        />
        <Route path="coupon-templates/:id" element={<CouponTemplateEditPage />} />
        <Route path="rewards" element={<RewardsPage />} />
        <Route
          path="rewards/new"
          element={
            <RequireRole role="operator">
              <RewardEditPage />
            </RequireRole>
          }
        />
        <Route path="rewards/:id" element={<RewardEditPage />} />
        <Route path="redemptions" element={<RedemptionsPage />} />
        <Route
          path="operators"
          element={
            <RequireRole role="admin">
              <OperatorsPage />
            </RequireRole>
          }
        />
        <Route
          path="api-keys"
          element={
            <RequireRole role="admin">
              <ApiKeysPage />
            </RequireRole>
          }
        />
        <Route path="audit" element={<AuditPage />} />
        <Route path="jobs" element={<JobsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
